class SessionsController < ApplicationController
  def create
    # ruleid: open-redirect
    redirect_to params[:return_to]
  end

  def show
    # ok: open-redirect
    redirect_to "/boards/#{params[:id]}/cards"
  end
end
