# Dates as Moroccan administration writes them: day first, 24-hour clock. Django's Arabic
# formats leave the short date-time to the American default (month first, am/pm).
DATE_FORMAT = "j F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y، H:i"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
