resource "google_storage_bucket" "exports" {
  name     = "acme-exports"
  location = "EU"
}

resource "google_storage_bucket_iam_member" "exports_public" {
  bucket = google_storage_bucket.exports.name
  role   = "roles/storage.objectViewer"
  # ruleid: cloud-storage-public
  member = "allUsers"
}

resource "azurerm_storage_account" "media" {
  name                     = "acmemedia"
  resource_group_name      = "rg"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "LRS"
  # ruleid: cloud-storage-public
  allow_nested_items_to_be_public = true
}

resource "azurerm_storage_account" "logs" {
  name                     = "acmelogs"
  resource_group_name      = "rg"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "LRS"
  # ok: cloud-storage-public
  allow_nested_items_to_be_public = false
}
