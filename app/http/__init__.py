"""What every request passes through, for both faces: security headers, the body limit,
the anonymous session and its CSRF token, and errors answered without a trace of data."""
