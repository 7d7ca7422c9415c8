from django.urls import path

from .views import actions, browse, comments, submit

app_name = "ideas"
urlpatterns = [
    path("", browse.PostListView.as_view(), name="list"),
    path("mine/", browse.MyPostsView.as_view(), name="mine"),
    path("new/", submit.PostCreateView.as_view(), name="create"),
    path("<int:pk>/", browse.PostDetailView.as_view(), name="detail"),
    path("<int:pk>/support/", actions.support, name="support"),
    path("<int:pk>/follow/", actions.follow, name="follow"),
    path("<int:pk>/answer/", actions.answer, name="answer"),
    path("comments/<int:comment_id>/edit/", comments.edit_comment, name="comment-edit"),
]
