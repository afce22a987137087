"""What waitlist plugs into the layers below once Django's apps are loaded."""
