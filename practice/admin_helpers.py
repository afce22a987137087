"""Building blocks every app's admin uses: read-only pages and inlines for records only the
site itself writes, a page for a model that has one row, and amounts shown as she reads them
(£95, not 9500 pence)."""

from django.contrib import admin

from practice.money import money


class ReadOnlyAdmin(admin.ModelAdmin):
    """A list and detail pages to read, for records only the site itself writes."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class SingletonAdmin(admin.ModelAdmin):
    """For a model with one row (the practice's details, the cancellation policy): she edits
    it, and never adds a second or deletes it."""

    def has_add_permission(self, request):
        return not self.model.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    """Records shown on their parent's page, each opening its own; never added or edited here."""

    extra = 0
    can_delete = False
    show_change_link = True
    # Our own table: Django's tabular inline leaves its first column's heading empty.
    template = "admin/edit_inline/read_only_table.html"

    def get_readonly_fields(self, request, obj=None):
        # Every field, including the computed ones (a money column) the form could not build.
        return self.fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


def money_column(amount: str, currency: str, *, description: str, empty: str = ""):
    """An admin column showing `obj.<amount>` (minor units) in `obj.<currency>`, or `empty` when
    the amount is None."""

    @admin.display(description=description)
    def column(self, obj):
        value = getattr(obj, amount)
        return empty if value is None else money(value, getattr(obj, currency))

    return column
