class ExportsController < ApplicationController
  def create
    # ruleid: command-injection
    system("zip /tmp/export.zip #{params[:path]}")
    # ok: command-injection
    system("zip", "/tmp/export.zip", "fixed.txt")
  end
end
