from django.urls import path

from . import views

app_name = "licensing"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("workload/", views.workload, name="workload"),
    path("figures/", views.figures, name="figures"),
    path("procedures/", views.procedure_list, name="procedure_list"),
    path("procedures/<int:pk>/", views.procedure_detail, name="procedure_detail"),
    path("procedures/<int:pk>/apply/", views.apply, name="apply"),
    path("procedures/<int:pk>/receive/", views.counter_receive, name="receive"),
    path("my/", views.my_dossiers, name="my_dossiers"),
    path("register/", views.register, name="register"),
    path("lookup/", views.lookup, name="lookup"),
    path("dossiers/<int:pk>/", views.dossier_detail, name="dossier_detail"),
    path("dossiers/<int:pk>/act/<str:name>/", views.dossier_act, name="dossier_act"),
    path("dossiers/<int:pk>/apology/", views.dossier_apology, name="dossier_apology"),
    path("dossiers/<int:pk>/payment/", views.dossier_payment, name="dossier_payment"),
    path("dossiers/<int:pk>/rate/", views.dossier_rate, name="dossier_rate"),
    path("dossiers/<int:pk>/facility/", views.dossier_facility, name="dossier_facility"),
    path("dossiers/<int:pk>/receipt/", views.receipt_slip, name="receipt_slip"),
    path("apologies/<int:pk>/", views.apology_slip, name="apology_slip"),
    path("certificates/", views.certificate_list, name="certificate_list"),
    path("certificates/<int:pk>/", views.certificate_detail, name="certificate_detail"),
    path("certificates/<int:pk>/pdf/", views.certificate_pdf, name="certificate_pdf"),
    path("certificates/<int:pk>/revoke/", views.certificate_revoke, name="certificate_revoke"),
    path("verify/<str:code>/", views.verify, name="verify"),
]
