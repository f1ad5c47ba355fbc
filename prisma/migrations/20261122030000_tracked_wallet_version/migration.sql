-- CreateTable
CREATE TABLE "tracked_wallet_version" (
    "id" INTEGER NOT NULL,
    "version" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "tracked_wallet_version_pkey" PRIMARY KEY ("id")
);


-- The single version row, and the trigger that bumps it (Prisma's schema language cannot say
-- triggers; see core/data/tracked-wallets.ts for the reader).
INSERT INTO "tracked_wallet_version" ("id", "version") VALUES (1, 0);

CREATE FUNCTION "bump_tracked_wallet_version"() RETURNS trigger AS $$
BEGIN
  UPDATE "tracked_wallet_version" SET "version" = "version" + 1 WHERE "id" = 1;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "tracked_wallet_changed"
  AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "tracked_wallet"
  FOR EACH STATEMENT EXECUTE FUNCTION "bump_tracked_wallet_version"();
