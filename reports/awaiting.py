"""The home page's figures (entraide.awaiting): the user's unit, this month and this year."""

from entraide import awaiting

from .dashboard import home_figures

awaiting.register_figures(home_figures)
