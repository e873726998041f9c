from .models import OrgUnit


def visible_delegations(user):
    """The provincial delegations `user` may see: what the apps' forms offer to choose from."""
    return OrgUnit.objects.visible_to(user).delegations()
