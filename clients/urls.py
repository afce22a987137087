from django.urls import path

from clients import views

app_name = "clients"

urlpatterns = [
    path("my/", views.my_account, name="my-account"),
]
