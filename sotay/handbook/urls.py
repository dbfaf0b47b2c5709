from django.urls import path

from . import channel_views, study_views, views

app_name = "handbook"
urlpatterns = [
    path("", views.home, name="home"),
    path("announcements/new/", views.announcement_create, name="announcement_create"),
    path("announcements/manage/", views.announcement_manage, name="announcement_manage"),
    path("announcements/<int:announcement_id>/", views.announcement_detail, name="announcement"),
    path("announcements/<int:announcement_id>/pin/", views.announcement_pin, name="announcement_pin"),
    path("announcements/<int:announcement_id>/unread/", views.announcement_unread, name="announcement_unread"),
    path("feedback/", channel_views.feedback_list, name="feedback_list"),
    path("feedback/new/", channel_views.feedback_create, name="feedback_create"),
    path("feedback/inbox/", channel_views.feedback_inbox, name="feedback_inbox"),
    path("feedback/<int:feedback_id>/", channel_views.feedback_detail, name="feedback"),
    path("feedback/<int:feedback_id>/act/", channel_views.feedback_act, name="feedback_act"),
    path("study/", study_views.study_list, name="study_list"),
    path("study/new/", study_views.study_create, name="study_create"),
    path("study/<int:session_id>/", study_views.study_detail, name="study"),
    path("study/<int:session_id>/submit/", study_views.study_submit, name="study_submit"),
    path("study/<int:session_id>/pending/", study_views.study_pending, name="study_pending"),
    path("study/<int:session_id>/reflections/", study_views.study_reflections, name="study_reflections"),
]
