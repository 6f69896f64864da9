from django.dispatch import Signal

# Sent after a certificate was issued (once per certificate, after commit).
# Arguments: certificate_id.
certificate_issued = Signal()
