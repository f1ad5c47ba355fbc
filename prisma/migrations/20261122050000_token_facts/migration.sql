-- CreateTable
CREATE TABLE "token_facts" (
    "mint" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "owner" TEXT,
    "program" TEXT,
    "symbol" TEXT,
    "name" TEXT,
    "uri" TEXT,
    "decimals" SMALLINT,
    "supply" DECIMAL(20,0),
    "mint_authority" TEXT,
    "freeze_authority" TEXT,
    "risky_extensions" JSONB NOT NULL DEFAULT '[]',
    "extensions" JSONB NOT NULL DEFAULT '[]',
    "transfer_fee_bps" INTEGER,
    "top10_holder_share" DOUBLE PRECISION,
    "metadata_mutable" BOOLEAN,
    "fetched_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "token_facts_pkey" PRIMARY KEY ("mint")
);

