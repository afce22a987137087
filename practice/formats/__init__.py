"""The practice's own date and time formats, over Django's (settings.FORMAT_MODULE_PATH)."""
