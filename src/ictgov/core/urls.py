from django.urls import path

from . import attachment_views, calendar_views, import_views, notifications_views, pickers

app_name = "core"
urlpatterns = [
    path("calendar/", calendar_views.CalendarView.as_view(), name="calendar"),
    path("calendar/new/", calendar_views.CalendarOverrideCreateView.as_view(), name="calendar_add"),
    path("attachments/<int:pk>/", attachment_views.download, name="attachment"),
    path("notifications/", notifications_views.notifications, name="notifications"),
    path("imports/<int:pk>/", import_views.import_job, name="import_job"),
    path("choices/<str:model>/", pickers.choices, name="choices"),
]
