-- CreateTable
CREATE TABLE "caller" (
    "id" BIGSERIAL NOT NULL,
    "kind" TEXT NOT NULL,
    "handle" TEXT NOT NULL,
    "telegram_id" BIGINT,
    "title" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "last_message_id" INTEGER NOT NULL DEFAULT 0,
    "added_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "removed_at" TIMESTAMPTZ(3),

    CONSTRAINT "caller_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "call" (
    "id" BIGSERIAL NOT NULL,
    "caller_id" BIGINT NOT NULL,
    "message_id" INTEGER NOT NULL,
    "mint" TEXT NOT NULL,
    "called_at" TIMESTAMPTZ(3) NOT NULL,
    "link" TEXT,
    "source" TEXT NOT NULL,
    "price_usd" DOUBLE PRECISION,
    "price_sol" DOUBLE PRECISION,
    "market_cap_usd" DOUBLE PRECISION,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "call_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "call_outcome" (
    "call_id" BIGINT NOT NULL,
    "horizon" TEXT NOT NULL,
    "price" DOUBLE PRECISION,
    "peak" DOUBLE PRECISION,
    "trough" DOUBLE PRECISION,
    "basis" TEXT NOT NULL,
    "return_pct" DOUBLE PRECISION,
    "ath_pct" DOUBLE PRECISION,
    "drawdown_pct" DOUBLE PRECISION,
    "swaps" INTEGER NOT NULL,
    "computed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "call_outcome_pkey" PRIMARY KEY ("call_id","horizon")
);

-- CreateTable
CREATE TABLE "caller_subscription" (
    "chat_id" BIGINT NOT NULL,
    "caller_id" BIGINT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "caller_subscription_pkey" PRIMARY KEY ("chat_id","caller_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "caller_kind_handle_key" ON "caller"("kind", "handle");

-- CreateIndex
CREATE INDEX "call_caller_id_mint_called_at_idx" ON "call"("caller_id", "mint", "called_at");

-- CreateIndex
CREATE INDEX "call_mint_called_at_idx" ON "call"("mint", "called_at");

-- CreateIndex
CREATE UNIQUE INDEX "call_caller_id_message_id_mint_key" ON "call"("caller_id", "message_id", "mint");

-- CreateIndex
CREATE INDEX "caller_subscription_caller_id_idx" ON "caller_subscription"("caller_id");

