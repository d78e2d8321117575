from django.urls import path

from . import views

app_name = "directives"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("meetings/", views.meeting_list, name="meeting_list"),
    path("meetings/new/", views.meeting_create, name="meeting_create"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("conclusions/<int:pk>/draft/", views.conclusion_draft, name="conclusion_draft"),
    path("tasks/<int:pk>/", views.task_detail, name="task_detail"),
    path("dashboard/", views.dashboard, name="dashboard"),
]
