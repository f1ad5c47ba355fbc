-- CreateTable
CREATE TABLE "top_view" (
    "chat_id" BIGINT NOT NULL,
    "mint" TEXT NOT NULL,
    "entries" JSONB NOT NULL,
    "shown_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "top_view_pkey" PRIMARY KEY ("chat_id","mint")
);

