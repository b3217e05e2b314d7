DROP TABLE network_focus;
