"""The packages on sale (/packages/...) and each client's own purchases (/my/packages/...)."""

from django.urls import path

from packages import purchase_views, views

app_name = "packages"

urlpatterns = [
    path("packages/", views.package_list, name="list"),
    path("packages/<slug:slug>/", views.package_detail, name="package"),
    path("packages/<slug:slug>/buy/", views.package_buy, name="buy"),
    path("my/packages/<str:reference>/", purchase_views.purchase_page, name="purchase"),
    path(
        "my/packages/<str:reference>/status/",
        purchase_views.purchase_status,
        name="purchase-status",
    ),
    path("my/packages/<str:reference>/pay/", purchase_views.purchase_pay, name="purchase-pay"),
    path(
        "my/packages/<str:reference>/give-back/",
        purchase_views.purchase_give_back,
        name="give-back",
    ),
]
