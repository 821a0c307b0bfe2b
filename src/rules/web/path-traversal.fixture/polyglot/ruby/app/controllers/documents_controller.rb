class DocumentsController < ApplicationController
  BASE = Rails.root.join("storage", "documents").to_s

  def show
    # ruleid: path-traversal
    send_file File.join(BASE, params[:name])
  end

  def preview
    # ruleid: path-traversal
    render plain: File.read("#{BASE}/#{params[:name]}")
  end

  def download
    # ok: path-traversal
    send_file File.join(BASE, File.basename(params[:name]))
  end
end
