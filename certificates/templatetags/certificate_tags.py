"""Links around an issued certificate."""

from urllib.parse import urlencode

from django import template
from django.utils import timezone

from .. import signing

register = template.Library()

LINKEDIN_ADD = "https://www.linkedin.com/profile/add"


@register.simple_tag
def linkedin_add_url(certificate) -> str:
    """LinkedIn's "add a licence or certification" form, filled in: the course, the issuer,
    the month of issue, the certificate's number and its public verification page."""
    issued = timezone.localtime(certificate.issued_at)
    return (
        LINKEDIN_ADD
        + "?"
        + urlencode(
            {
                "startTask": "CERTIFICATION_NAME",
                "name": certificate.course_title,
                "organizationName": certificate.issuer_name,
                "issueYear": issued.year,
                "issueMonth": issued.month,
                "certUrl": signing.verify_url(certificate.verification_code),
                "certId": certificate.serial,
            }
        )
    )
