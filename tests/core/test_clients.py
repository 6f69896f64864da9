"""The client's address behind a configured number of proxies: only what our own proxies
wrote is trusted, never what the client put in X-Forwarded-For itself."""

import pytest
from django.test import RequestFactory

from core.clients import client_address


def request(remote="10.0.0.1", forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_proxies_the_header_is_ignored(settings):
    settings.LMS_TRUSTED_PROXIES = 0
    assert client_address(request(forwarded="203.0.113.9")) == "10.0.0.1"


@pytest.mark.parametrize(
    ("proxies", "forwarded", "client"),
    [
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "1.2.3.4, 203.0.113.9", "203.0.113.9"),  # the client's own claim is skipped
        (2, "1.2.3.4, 203.0.113.9, 10.0.0.7", "203.0.113.9"),
        (1, "2001:db8::1", "2001:db8::1"),
        (2, "203.0.113.9", "10.0.0.1"),  # fewer entries than proxies: the nearest sender
        (1, "", "10.0.0.1"),
        (1, "not-an-address", "unknown"),
    ],
)
def test_behind_proxies_the_client_is_the_address_our_outermost_proxy_saw(
    settings, proxies, forwarded, client
):
    settings.LMS_TRUSTED_PROXIES = proxies
    assert client_address(request(forwarded=forwarded)) == client


def test_a_client_cannot_choose_its_address_by_sending_the_header(settings):
    settings.LMS_TRUSTED_PROXIES = 1
    spoofed = [client_address(request(forwarded=f"198.51.100.{n}, 203.0.113.9")) for n in range(5)]
    assert set(spoofed) == {"203.0.113.9"}
