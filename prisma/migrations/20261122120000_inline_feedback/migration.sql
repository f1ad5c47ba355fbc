-- CreateTable
CREATE TABLE "inline_choice" (
    "id" BIGSERIAL NOT NULL,
    "user_id" BIGINT NOT NULL,
    "result_id" TEXT NOT NULL,
    "query" TEXT NOT NULL,
    "chosen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "inline_choice_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "inline_choice_chosen_at_idx" ON "inline_choice"("chosen_at");

