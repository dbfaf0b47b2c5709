from django.urls import path

from . import views

app_name = "congresses"

urlpatterns = [
    path("", views.index, name="index"),
    path("org/<int:org_id>/", views.rollup_page, name="rollup"),
    path("org/<int:org_id>/tien-do.xlsx", views.rollup_export, name="rollup_export"),
    path("org/<int:org_id>/plans/", views.plans, name="plans"),
    path("plans/<int:plan_id>/", views.plan_detail, name="plan"),
    path("plans/<int:plan_id>/open/", views.plan_open, name="plan_open"),
    path("plans/<int:plan_id>/steps/add/", views.plan_step_add, name="plan_step_add"),
    path("plan-steps/<int:plan_step_id>/", views.plan_step_update, name="plan_step_update"),
    path("plan-steps/<int:plan_step_id>/remove/", views.plan_step_remove, name="plan_step_remove"),
    path("plan-steps/<int:plan_step_id>/move/", views.plan_step_move, name="plan_step_move"),
    path("<int:congress_id>/", views.congress_detail, name="congress"),
    path("<int:congress_id>/edit/", views.congress_update, name="congress_update"),
    path("<int:congress_id>/elections/new/", views.election_create, name="election_create"),
    path("<int:congress_id>/hand-votes/", views.hand_vote_add, name="hand_vote_add"),
    path("<int:congress_id>/polls/new/", views.poll_create, name="poll_create"),
    path("polls/<int:election_id>/", views.poll_detail, name="poll"),
    path("steps/<int:progress_id>/", views.step_update, name="step_update"),
    path("steps/<int:progress_id>/document/", views.step_document, name="step_document"),
    path("elections/<int:election_id>/", views.election_detail, name="election"),
    path("elections/<int:election_id>/next-round/", views.next_round, name="next_round"),
    path("elections/<int:election_id>/approve/", views.approve, name="approve"),
    path("rounds/<int:round_id>/candidates/", views.candidate_add, name="candidate_add"),
    path("candidates/<int:candidate_id>/remove/", views.candidate_remove, name="candidate_remove"),
    path("rounds/<int:round_id>/totals/", views.totals, name="totals"),
    path("rounds/<int:round_id>/ballots/", views.ballots, name="ballots"),
    path("ballots/<int:ballot_id>/delete/", views.ballot_delete, name="ballot_delete"),
    path("rounds/<int:round_id>/<str:which>.<str:fmt>", views.round_document, name="round_document"),
]
