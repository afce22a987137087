"""The client's recordings and listening plan, under /my/recordings/ (and the check-ins'
replies); the practitioner reaches the same files from the admin."""

app_name = "aftercare"

# Each engineer's views in their own list, so that both parts of the app grow side by side.
file_patterns: list = []
page_patterns: list = []

urlpatterns = [*file_patterns, *page_patterns]
