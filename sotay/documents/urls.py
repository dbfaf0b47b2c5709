from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("", views.library, name="library"),
    path("new/", views.document_create, name="create"),
    path("<int:document_id>/", views.document_detail, name="detail"),
    path("<int:document_id>/edit/", views.document_edit, name="edit"),
    path("<int:document_id>/attachments/", views.attachment_upload, name="attachment_upload"),
    path("<int:document_id>/bookmark/", views.bookmark_toggle, name="bookmark"),
    path("<int:document_id>/relations/", views.relation_add, name="relation_add"),
    path("<int:document_id>/position/", views.reading_position, name="position"),
    path("files/<int:attachment_id>/", views.attachment_download, name="attachment"),
    path("bookmarks/", views.bookmarks, name="bookmarks"),
    path("offline/", views.offline, name="offline"),
    path("offline/urls.json", views.offline_list, name="offline_list"),
    path("sw.js", views.service_worker, name="service_worker"),
    path("articles/new/", views.article_create, name="article_create"),
    path("articles/<int:article_id>/", views.article_detail, name="article"),
    path("guides/", views.guide_index, name="guides"),
    path("guides/new/", views.guide_edit, name="guide_create"),
    path("guides/<slug:slug>/", views.guide_detail, name="guide"),
    path("guides/<slug:slug>/edit/", views.guide_edit, name="guide_edit"),
    path("guides/<slug:slug>/editors/", views.guide_editor_add, name="guide_editor_add"),
    path("guides/<slug:slug>/bookmark/", views.guide_bookmark_toggle, name="guide_bookmark"),
    path("guides/<slug:slug>/position/", views.reading_position, name="guide_position"),
]
