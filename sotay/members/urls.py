from django.urls import path

from . import account_views, file_loan_views, record_views, transfer_views, views

app_name = "members"

urlpatterns = [
    path("", views.member_list, name="list"),
    path("badges/", views.badge_candidate_list, name="badges"),
    path("<int:member_id>/", views.member_detail, name="detail"),
    path("<int:member_id>/edit/", views.member_edit, name="edit"),
    path("<int:member_id>/status/", views.member_status, name="status"),
    path("<int:member_id>/transfer/", transfer_views.member_transfer, name="transfer"),
    path("<int:member_id>/gap/", record_views.member_gap, name="gap"),
    path("<int:member_id>/file-loan/", file_loan_views.lend, name="file_lend"),
    path("files/", file_loan_views.loan_list, name="file_loans"),
    path("files/xlsx/", file_loan_views.loan_xlsx, name="file_loans_xlsx"),
    path("files/<int:loan_id>/return/", file_loan_views.loan_return, name="file_return"),
    path("<int:member_id>/badge/", record_views.member_badge, name="badge"),
    path("transfers/", transfer_views.transfer_list, name="transfers"),
    path("transfers/<int:transfer_id>/receive/", transfer_views.transfer_receive, name="transfer_receive"),
    path("transfers/<int:transfer_id>/cancel/", transfer_views.transfer_cancel, name="transfer_cancel"),
    path("temporary/<int:attachment_id>/end/", transfer_views.temporary_end, name="temporary_end"),
    path("transfers/<int:transfer_id>/letter.<str:fmt>", transfer_views.transfer_letter_file, name="transfer_letter"),
    path("new/in/<int:org_id>/", views.member_create, name="create"),
    path("new/in/<int:org_id>/arrival/", transfer_views.arrival, name="arrival"),
    path("wards/", views.ward_options, name="wards"),
    path("accounts/", account_views.account_list, name="accounts"),
    path("accounts/create/", account_views.create_accounts, name="accounts_create"),
    path("<int:member_id>/reset-password/", account_views.reset_password, name="reset_password"),
]
