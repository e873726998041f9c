"""What an error report may carry: no personal data.

Django's error reports (the debug page in development, the mails to ADMINS, any handler that
formats a request) include the request's POST data and the local variables of every frame: a
person's names, CIN, protection details, a bank account. The portal's filter withholds all of
them; the traceback, the URL and the settings (already cleansed) are what a developer needs.
"""

from django.views.debug import SafeExceptionReporterFilter


class PersonalDataReporterFilter(SafeExceptionReporterFilter):
    def get_post_parameters(self, request):
        if request is None:
            return {}
        return dict.fromkeys(request.POST, self.cleansed_substitute)

    def get_traceback_frame_variables(self, request, tb_frame):
        return [(name, self.cleansed_substitute) for name in tb_frame.f_locals]
