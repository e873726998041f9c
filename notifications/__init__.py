"""Notifications: what the portal tells a person that awaits them (a referral received, a
transfer asked, a month to validate...), in the portal's inbox and, as each person chooses per
kind, by email at once or in a daily digest. Apps call `services.notify`; this app knows none
of them (it sits beside territory, below the domain apps)."""
