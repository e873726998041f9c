"""What beneficiaries tells the apps above it, which it may not import (docs/architecture.md)."""

from django.dispatch import Signal

# A duplicate file was merged into another (services.beneficiary_merge), inside its
# transaction: what the apps above keep of the duplicate moves to `keep`. Arguments: keep,
# duplicate.
files_merged = Signal()
