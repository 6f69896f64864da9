from django.urls import path

from . import register_views, views

app_name = "certificates"

urlpatterns = [
    path("verify/", views.verify_credential, name="verify_credential"),
    path("verify/<str:code>/", views.verify, name="verify"),
    path("certificates/<int:certificate_id>/pdf/", views.certificate_pdf, name="pdf"),
    path(
        "certificates/<int:certificate_id>/credential/",
        views.certificate_credential,
        name="credential",
    ),
    path(
        "certificates/<int:certificate_id>/manage/",
        register_views.certificate_page,
        name="manage",
    ),
    path("certificates/register/", register_views.register, name="register"),
    path("certificates/register/export.csv", register_views.register_csv, name="register_csv"),
    path("certificates/register/export.xlsx", register_views.register_xlsx, name="register_xlsx"),
    path(
        "certificates/register/editions/<int:edition_id>/pdfs.zip",
        register_views.edition_pdfs,
        name="edition_pdfs",
    ),
    path("certificates/approvals/", views.approvals, name="approvals"),
    path(
        "certificates/approvals/<int:edition_id>/",
        views.approvals_edition,
        name="approvals_edition",
    ),
    path(".well-known/did.json", views.did_document, name="did_document"),
    path("certificates/issuer/", views.issuer, name="issuer"),
    path("certificates/status/revocation/", views.status_list, name="status_list"),
    path("certificates/achievements/<slug:slug>/", views.achievement, name="achievement"),
    path(
        "certificates/achievements/<slug:slug>/badge.png",
        views.achievement_image,
        name="achievement_image",
    ),
]
