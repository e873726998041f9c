"""The small forms of a record's page (pay a tranche, tick a commitment, add a post line...).

One POST view per kind of record dispatches to a handler; the handler validates its form with
`bound` and calls a service. Refused, by the form or by the service, the page comes again
(422) with the reason and the form as typed, so that nothing is lost; done, the user goes back
to the page with a message."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect


def error_text(error):
    return " ".join(error.messages) if hasattr(error, "messages") else str(error)


def bound(form, name, request):
    """The form's cleaned data; the form is kept on the request under `name` for the page
    shown again if the action is refused."""
    request.action_form = (name, form)
    if not form.is_valid():
        raise ValidationError(
            [
                f"{form.fields[f].label}: {e}" if f in form.fields else e
                for f, errors in form.errors.items()
                for e in errors
            ]
        )
    return form.cleaned_data


def perform(request, handler, obj, page_again, done_url):
    """Run `handler(request, obj)`, which returns the success message. `page_again(shown)`
    renders the page with {name: form} of the refused form."""
    try:
        done = handler(request, obj)
    except ValidationError as error:
        messages.error(request, error_text(error))
        shown = getattr(request, "action_form", None)
        if shown and not shown[1].errors:
            # Refused by the service: the page's error summary lists it with the form's own.
            shown[1].add_error(None, error_text(error))
        return page_again(dict([request.action_form]) if hasattr(request, "action_form") else {})
    messages.success(request, done)
    return redirect(done_url)
