DROP TABLE introduction_steps;
--bun:split
DROP TABLE introduction_contacts;
--bun:split
DROP TABLE introduction_programmes;
--bun:split
DROP TABLE introduction_people;
