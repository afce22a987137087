class SecurityHeadersMiddleware:
    """Headers Django's SecurityMiddleware does not set.

    Cross-Origin-Resource-Policy keeps other sites from embedding our responses (a client's
    booking page or calendar feed must never be readable cross-origin).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response
