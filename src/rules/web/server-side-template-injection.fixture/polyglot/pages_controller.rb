class PagesController < ApplicationController
  def preview
    # ruleid: server-side-template-injection
    render inline: params[:template]
  end

  def show
    # ok: server-side-template-injection
    render :show, locals: { title: params[:title] }
  end
end
