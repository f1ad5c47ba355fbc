-- CreateTable
CREATE TABLE "token_creation" (
    "mint" TEXT NOT NULL,
    "creator" TEXT NOT NULL,
    "slot" BIGINT NOT NULL,
    "signature" TEXT NOT NULL,
    "source" TEXT NOT NULL,

    CONSTRAINT "token_creation_pkey" PRIMARY KEY ("mint")
);

-- CreateTable
CREATE TABLE "wallet_funder_check" (
    "wallet" TEXT NOT NULL,
    "checked_at" TIMESTAMPTZ(3) NOT NULL,
    "outcome" TEXT NOT NULL,

    CONSTRAINT "wallet_funder_check_pkey" PRIMARY KEY ("wallet")
);

-- CreateIndex
CREATE INDEX "wallet_funder_check_checked_at_idx" ON "wallet_funder_check"("checked_at");

