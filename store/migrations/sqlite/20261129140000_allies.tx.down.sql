DROP TABLE allies;
