from django.urls import path

from . import views

app_name = "appointments"

urlpatterns = [
    path("", views.week, name="week"),
    path("day/", views.day, name="day"),
    path("to-rebook/", views.to_rebook, name="to_rebook"),
    path("book/<str:file_number>/", views.book, name="book"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/state/", views.state, name="state"),
    path("<int:pk>/reschedule/", views.reschedule, name="reschedule"),
]
