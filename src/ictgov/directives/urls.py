from django.urls import path

from . import views

app_name = "directives"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("meetings/", views.meeting_list, name="meeting_list"),
    path("meetings/new/", views.meeting_create, name="meeting_create"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/conclusions/new/", views.conclusion_create, name="conclusion_create"),
    path("meetings/<int:pk>/edit/", views.MeetingEditView.as_view(), name="meeting_edit"),
    path("conclusions/<int:pk>/edit/", views.ConclusionEditView.as_view(), name="conclusion_edit"),
    path("conclusions/<int:pk>/draft/", views.conclusion_draft, name="conclusion_draft"),
    path("tasks/<int:pk>/edit/", views.TaskEditView.as_view(), name="task_edit"),
    path("tasks/<int:pk>/", views.task_detail, name="task_detail"),
    *(
        path(f"tasks/<int:pk>/{name}/", view.as_view(), name=f"task_{name}")
        for name, view in views.TASK_ACTIONS.items()
    ),
    path(
        "extensions/<int:pk>/approve/",
        views.ExtensionDecideView.as_view(approve=True),
        name="extension_approve",
    ),
    path(
        "extensions/<int:pk>/reject/",
        views.ExtensionDecideView.as_view(approve=False),
        name="extension_reject",
    ),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/pdf/", views.dashboard_pdf, name="dashboard_pdf"),
    path("schedule/", views.weekly_schedule, name="schedule"),
]
