"""British English with the 24-hour clock: "09:30", never "9:30 a.m.".

The admin reads times the way the workplace writes them (bookings.timezones.clock): list
columns, read-only fields and the date and time widgets. Only what differs from Django's own
en_GB formats is here; the rest is Django's. Clients' pages name their formats explicitly.
"""

TIME_FORMAT = "H:i"  # '14:30'
DATETIME_FORMAT = "j M Y, H:i"  # '25 Oct 2006, 14:30'
SHORT_DATETIME_FORMAT = "d/m/Y H:i"  # '25/10/2006 14:30'
# The first is how a time widget shows its value: hours and minutes, no seconds.
TIME_INPUT_FORMATS = [
    "%H:%M",  # '14:30'
    "%H:%M:%S",  # '14:30:59'
    "%H:%M:%S.%f",  # '14:30:59.000200'
]
