from django.urls import path

from . import views

app_name = "registry"
urlpatterns = [
    path("", views.facility_list, name="facility_list"),
    path("facilities/<int:pk>/", views.facility_detail, name="facility_detail"),
    path("facilities/<int:pk>/edit/", views.facility_edit, name="facility_edit"),
    path("new/<str:kind>/", views.facility_create, name="facility_create"),
    path("map/", views.facility_map, name="map"),
    path("import/", views.import_facilities, name="import"),
    path("import/template/<str:kind>/", views.import_template, name="import_template"),
    path("criterion/", views.criterion, name="criterion"),
    path("criterion/communes/<int:pk>/", views.criterion_commune, name="criterion_commune"),
    path("criterion/assess/", views.assessment_create, name="assessment_create"),
]
