-- CreateTable
CREATE TABLE "rendered_image" (
    "hash" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "file_id" TEXT NOT NULL,
    "width" INTEGER NOT NULL,
    "height" INTEGER NOT NULL,
    "bytes" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "used_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "rendered_image_pkey" PRIMARY KEY ("hash")
);

-- CreateIndex
CREATE INDEX "rendered_image_used_at_idx" ON "rendered_image"("used_at");

