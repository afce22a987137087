from django.urls import path

from blog import views
from blog.feeds import LatestArticlesFeed
from practice.page_cache import cache_page_for_readers

app_name = "blog"

urlpatterns = [
    path("blog/", views.article_list, name="list"),
    path("blog/feed/", cache_page_for_readers(LatestArticlesFeed()), name="feed"),
    path("blog/category/<slug:slug>/", views.category_articles, name="category"),
    path("blog/tag/<slug:slug>/", views.tag_articles, name="tag"),
    path("blog/<slug:slug>/", views.article_detail, name="article"),
]
