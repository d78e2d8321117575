class VietnameseFirstMiddleware:
    """The interface is Vietnamese unless the user picked another language.

    Browsers on government machines often announce English; only an explicit choice (the language
    cookie set by the switcher) changes the language.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
