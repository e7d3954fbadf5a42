-- A SQL task read from object storage (sql.file): orders and revenue per day and status of every run so far.
CREATE OR REPLACE TABLE lakehouse.jobs.status_report USING iceberg AS
SELECT run_date, status, count(*) AS orders, sum(amount) AS revenue
FROM lakehouse.jobs.orders
GROUP BY run_date, status;

SELECT * FROM lakehouse.jobs.status_report ORDER BY run_date, status;
