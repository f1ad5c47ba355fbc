-- CreateTable
CREATE TABLE "chat_rules" (
    "chat_id" BIGINT NOT NULL,
    "doc" JSONB NOT NULL,
    "updated_by" BIGINT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "chat_rules_pkey" PRIMARY KEY ("chat_id")
);

-- CreateTable
CREATE TABLE "chat_rules_version" (
    "id" INTEGER NOT NULL,
    "version" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "chat_rules_version_pkey" PRIMARY KEY ("id")
);


-- The single version row, and the trigger that bumps it (see core/data/chat-rules.ts for the reader).
INSERT INTO "chat_rules_version" ("id", "version") VALUES (1, 0);

CREATE FUNCTION "bump_chat_rules_version"() RETURNS trigger AS $$
BEGIN
  UPDATE "chat_rules_version" SET "version" = "version" + 1 WHERE "id" = 1;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "chat_rules_changed"
  AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "chat_rules"
  FOR EACH STATEMENT EXECUTE FUNCTION "bump_chat_rules_version"();
