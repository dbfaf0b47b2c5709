from django.urls import path

from . import attendance_views, minutes_views, report_views, views

app_name = "meetings"
urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("mine/", report_views.my_meetings, name="mine"),
    path("mine/reset-feed/", report_views.reset_feed, name="reset_feed"),
    path("ical/<str:token>.ics", report_views.ical_feed, name="ical"),
    path("statistics/", report_views.statistics, name="statistics"),
    path("oversight/", report_views.oversight, name="oversight"),
    path("org/<int:org_id>/schedule/", views.schedule_edit, name="schedule"),
    path("org/<int:org_id>/generate/", views.generate_month, name="generate"),
    path("org/<int:org_id>/new/", views.meeting_create, name="create"),
    path("<int:meeting_id>/", views.meeting_detail, name="detail"),
    path("<int:meeting_id>/move/", views.meeting_move, name="move"),
    path("<int:meeting_id>/cancel/", views.meeting_cancel, name="cancel"),
    path("<int:meeting_id>/invite/", views.send_invitations, name="invite"),
    path("<int:meeting_id>/rsvp/", views.rsvp, name="rsvp"),
    path("<int:meeting_id>/absence/", views.absence_request, name="absence"),
    path("absence/<int:request_id>/decide/", views.absence_decide, name="absence_decide"),
    path("<int:meeting_id>/agenda/add/", views.agenda_add, name="agenda_add"),
    path("agenda/<int:item_id>/", views.agenda_edit, name="agenda_edit"),
    path("agenda/<int:item_id>/material/", views.material, name="material"),
    path("<int:meeting_id>/checkin/", views.checkin_screen, name="checkin"),
    path("<int:meeting_id>/mark/<int:member_id>/", views.mark, name="mark"),
    path("c/<str:token>/", views.scan, name="scan"),
    path("<int:meeting_id>/attendance/", attendance_views.attendance_screen, name="attendance"),
    path("<int:meeting_id>/attendance/all/", attendance_views.attendance_all_present, name="attendance_all"),
    path("<int:meeting_id>/attendance/<int:member_id>/", attendance_views.attendance_mark, name="attendance_mark"),
    path("<int:meeting_id>/minutes/", minutes_views.minutes_page, name="minutes"),
    path("<int:meeting_id>/review/<int:item_id>/", minutes_views.review_item, name="review_item"),
    path("<int:meeting_id>/<str:which>.<str:fmt>", minutes_views.document_file, name="document"),
]
