from django.urls import include, path

from clients import views

app_name = "clients"

urlpatterns = [
    path("my/", views.my_account, name="my-account"),
    path("", include("clients.account_urls")),
]
