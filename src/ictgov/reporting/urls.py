from django.urls import path

from . import views

app_name = "reporting"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("rates/", views.rates, name="rates"),
    path("submissions/", views.submission_list, name="submission_list"),
    path("submissions/new/", views.submission_new, name="submission_new"),
    path("submissions/<int:pk>/", views.submission_detail, name="submission_detail"),
    path("submissions/<int:pk>/act/<str:name>/", views.submission_act, name="submission_act"),
    path("submissions/<int:pk>/template/", views.submission_template, name="submission_template"),
    path("submissions/<int:pk>/upload/", views.submission_upload, name="submission_upload"),
    path("forms/", views.form_list, name="form_list"),
    path("forms/<int:pk>/", views.form_detail, name="form_detail"),
    path("forms/<int:pk>/compile/", views.form_compile, name="form_compile"),
    path("indicators/", views.indicator_list, name="indicator_list"),
    path("indicators/<int:pk>/", views.indicator_detail, name="indicator_detail"),
    path("emulation/", views.emulation, name="emulation"),
    path("emulation/awards/", views.award_list, name="award_list"),
    path("emulation/<int:pk>/<int:year>/", views.ranking, name="ranking"),
    path("emulation/<int:pk>/<int:year>/award/", views.propose_award, name="propose_award"),
]
