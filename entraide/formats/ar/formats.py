# Dates as Moroccan administration writes them: day first, 24-hour clock. Django's Arabic
# formats leave the short date-time to the American default (month first, am/pm).
DATE_FORMAT = "j F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y، H:i"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
# Amounts as Moroccan Arabic writes them (CLDR ar-MA): 1.250.000,50. Django's Arabic formats
# name the separators but do not group.
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
