"""Her own calendars in the admin. (Filled in by the issue-15 work on busy times.)"""
