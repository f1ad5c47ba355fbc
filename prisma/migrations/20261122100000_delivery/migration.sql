-- CreateTable
CREATE TABLE "setting" (
    "key" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "updated_by" BIGINT,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "setting_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "alert_delivery" (
    "alert_id" BIGINT NOT NULL,
    "chat_id" BIGINT NOT NULL,
    "status" TEXT NOT NULL,
    "queued_at" TIMESTAMPTZ(3) NOT NULL,
    "sent_at" TIMESTAMPTZ(3),
    "failed_at" TIMESTAMPTZ(3),
    "block_time" TIMESTAMPTZ(3),
    "latency_ms" INTEGER,
    "token_index" SMALLINT NOT NULL DEFAULT 0,
    "message_id" INTEGER,
    "digest_of" BIGINT,
    "error" TEXT,

    CONSTRAINT "alert_delivery_pkey" PRIMARY KEY ("alert_id")
);

-- CreateTable
CREATE TABLE "chat_mute" (
    "chat_id" BIGINT NOT NULL,
    "kind" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "chat_mute_pkey" PRIMARY KEY ("chat_id","kind","value")
);

-- CreateIndex
CREATE INDEX "alert_delivery_chat_id_queued_at_idx" ON "alert_delivery"("chat_id", "queued_at");

-- CreateIndex
CREATE INDEX "alert_delivery_status_queued_at_idx" ON "alert_delivery"("status", "queued_at");


-- Every alert gets its delivery record the moment it enters the outbox ("queued"), whichever
-- code inserts it: one statement-level trigger per INSERT, not one per row. The block time comes
-- from the alert's view model when it has one (latency is measured from it).
CREATE FUNCTION "record_alert_queued"() RETURNS trigger AS $$
BEGIN
  INSERT INTO "alert_delivery" ("alert_id", "chat_id", "status", "queued_at", "block_time")
  SELECT n."id", n."chat_id", 'queued', n."created_at",
         CASE WHEN jsonb_typeof(n."payload" -> 'blockTime') = 'number'
              THEN to_timestamp((n."payload" ->> 'blockTime')::double precision) END
  FROM new_alerts n
  ON CONFLICT ("alert_id") DO NOTHING;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "alert_queued"
  AFTER INSERT ON "alert" REFERENCING NEW TABLE AS new_alerts
  FOR EACH STATEMENT EXECUTE FUNCTION "record_alert_queued"();
